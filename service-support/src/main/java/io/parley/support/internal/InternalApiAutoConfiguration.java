package io.parley.support.internal;

import io.parley.support.web.ErrorWriter;
import io.parley.support.web.ParleyWebAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Puts the shared-secret guard in front of every service's {@code /internal/*} routes. */
@AutoConfiguration(after = ParleyWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class InternalApiAutoConfiguration {

    @Bean
    FilterRegistrationBean<InternalAccessFilter> internalAccessFilter(
            @Value("${parley.internal.secret:}") String secret, ErrorWriter errors) {
        FilterRegistrationBean<InternalAccessFilter> registration =
                new FilterRegistrationBean<>(new InternalAccessFilter(secret, errors));
        registration.addUrlPatterns("/internal/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
