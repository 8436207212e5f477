package io.parley.query;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Every read of the query side goes by {@code _id} (a conversation, a message under {@code conversation:seq}, a
 * lookup document), so it needs no index beyond the one every MongoDB collection has, and it runs as fast on the
 * embedded store, which keeps no other kind, as on a real MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PageLimits.class)
public class QuerySideConfiguration {
}
