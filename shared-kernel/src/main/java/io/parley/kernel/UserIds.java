package io.parley.kernel;

import java.util.regex.Pattern;

/** User ids are the {@code sub} of the client's JWT: 1 to 128 characters of {@code A-Za-z0-9._:@-}. */
public final class UserIds {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    private UserIds() {
    }

    public static boolean isValid(String candidate) {
        return candidate != null && USER_ID.matcher(candidate).matches();
    }
}
