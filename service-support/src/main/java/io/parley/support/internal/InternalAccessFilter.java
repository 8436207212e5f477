package io.parley.support.internal;

import io.parley.kernel.error.ErrorCode;
import io.parley.support.web.ErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /internal/*}: a request must carry the shared secret in {@value InternalClient#SECRET_HEADER}. With no
 * secret configured (the standalone, which calls itself in-process) the internal routes do not exist.
 */
class InternalAccessFilter extends OncePerRequestFilter {

    private final byte[] secret;
    private final ErrorWriter errors;

    InternalAccessFilter(String secret, ErrorWriter errors) {
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (secret == null) {
            errors.write(response, ErrorCode.NOT_FOUND, "no such route");
            return;
        }
        String presented = request.getHeader(InternalClient.SECRET_HEADER);
        if (presented == null
                || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            errors.write(response, ErrorCode.FORBIDDEN, "internal routes need the deployment's internal secret");
            return;
        }
        chain.doFilter(request, response);
    }
}
