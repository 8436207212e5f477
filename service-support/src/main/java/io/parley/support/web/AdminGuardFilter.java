package io.parley.support.web;

import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every route under {@code /api/admin/} is for operators: a verified caller without the {@code admin} role gets 403
 * {@code forbidden}, whatever the route (one that does not exist included, so probing says nothing). It runs after
 * {@link BearerTokenFilter}, which answers 401 first for a missing or bad token, and it is mapped by the servlet
 * container on the normalised path, so {@code /api//admin/...} or {@code /api/%61dmin/...} are guarded too.
 */
public class AdminGuardFilter extends OncePerRequestFilter {

    static final String URL_PATTERN = "/api/admin/*";

    private final ErrorWriter errors;

    public AdminGuardFilter(ErrorWriter errors) {
        this.errors = errors;
    }

    /** A CORS preflight carries no token, so no role either. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Object caller = request.getAttribute(BearerTokenFilter.CALLER_ATTRIBUTE);
        if (!(caller instanceof Caller verified)) {
            errors.write(response, ErrorCode.UNAUTHORIZED, "this route needs a bearer token");
            return;
        }
        if (!verified.isAdmin()) {
            errors.write(response, ErrorCode.FORBIDDEN, "operator routes need the admin role");
            return;
        }
        chain.doFilter(request, response);
    }
}
