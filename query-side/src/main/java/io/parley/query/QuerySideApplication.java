package io.parley.query;

import io.parley.support.ParleyServices;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The query side as a service of its own, configured by {@code query-side.yml}. */
@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        ParleyServices.run(QuerySideApplication.class, "query-side", args);
    }
}
