package io.parley.query;

import io.parley.kernel.error.ParleyException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code parley.pages.*}: page sizes a GET accepts ({@code limit} 1 to {@code max}, {@code default} when absent). */
@ConfigurationProperties("parley.pages")
public record PageLimits(int defaultSize, int max) {

    public PageLimits {
        defaultSize = defaultSize > 0 ? defaultSize : 50;
        max = max > 0 ? max : 100;
    }

    /** The {@code limit} query parameter as given (absent, or the text a client sent). */
    public int parse(String limit) {
        if (limit == null) {
            return defaultSize;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ParleyException.validation("limit must be a whole number from 1 to " + max);
    }
}
