package io.parley.support.web;

import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ErrorCode;
import io.parley.support.auth.InvalidTokenException;
import io.parley.support.auth.TokenVerifier;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/**} request carries {@code Authorization: Bearer <JWT>}; anything else is a 401. The only
 * exceptions are the {@link OpenRoute}s declared as beans (none in a service).
 */
public class BearerTokenFilter extends OncePerRequestFilter {

    static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final String BEARER = "Bearer ";

    private final TokenVerifier verifier;
    private final ErrorWriter errors;
    private final List<OpenRoute> open;

    public BearerTokenFilter(TokenVerifier verifier, ErrorWriter errors, List<OpenRoute> open) {
        this.verifier = verifier;
        this.errors = errors;
        this.open = List.copyOf(open);
    }

    /** A CORS preflight carries no token, nor does a request to an open route. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod()) || open.stream().anyMatch(route -> route.matches(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            errors.write(response, ErrorCode.UNAUTHORIZED, "missing bearer token in the Authorization header");
            return;
        }
        try {
            request.setAttribute(CALLER_ATTRIBUTE, verifier.verify(header.substring(BEARER.length())));
        } catch (InvalidTokenException e) {
            errors.write(response, ErrorCode.UNAUTHORIZED, e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }
}
