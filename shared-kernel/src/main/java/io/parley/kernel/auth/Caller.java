package io.parley.kernel.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Set;

/** The verified user behind a request or socket: {@code userId} is the token's {@code sub}. */
public record Caller(String userId, String name, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    @JsonIgnore
    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
