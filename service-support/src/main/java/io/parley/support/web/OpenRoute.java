package io.parley.support.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A route under {@code /api/} that answers without a token. None exists unless a bean declares it: the standalone's
 * demo mode declares {@code POST /api/demo/token}, and only when it is started with {@code --demo}.
 */
public record OpenRoute(String method, String path) {

    boolean matches(HttpServletRequest request) {
        return method.equals(request.getMethod()) && path.equals(request.getRequestURI());
    }
}
