package io.parley.query;

import io.parley.kernel.error.ParleyException;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code parley.pages.*}: page sizes a GET accepts ({@code limit} 1 to {@code max}, {@code default} when absent). */
@ConfigurationProperties("parley.pages")
public record PageLimits(int defaultSize, int max) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    public PageLimits {
        defaultSize = defaultSize > 0 ? defaultSize : 50;
        max = max > 0 ? max : 100;
    }

    /** The {@code limit} query parameter as given (absent, or the text a client sent). */
    public int parse(String limit) {
        if (limit == null) {
            return defaultSize;
        }
        // digits only: no sign, no spaces, no exponent, nothing a lenient parser would quietly accept
        if (DIGITS.matcher(limit).matches()) {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= max) {
                return value;
            }
        }
        throw ParleyException.validation("parameter 'limit' must be a whole number from 1 to " + max);
    }
}
