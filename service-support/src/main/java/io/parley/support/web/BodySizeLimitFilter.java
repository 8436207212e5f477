package io.parley.support.web;

import io.parley.kernel.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a non-multipart request body over {@code parley.limits.max-body-size} with 413 {@code payload_too_large}:
 * by its Content-Length before reading anything, or, for a body without one, by failing the read as soon as it runs
 * past the limit ({@link ApiExceptionHandler} answers that). Uploads (multipart) have their own limit.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final ErrorWriter errors;

    public BodySizeLimitFilter(DataSize limit, ErrorWriter errors) {
        this.limit = limit.toBytes();
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && contentType.toLowerCase().startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            errors.write(response, ErrorCode.PAYLOAD_TOO_LARGE, tooLarge());
            return;
        }
        // a body without a length is counted as it is read; the error handler answers 413 when it runs over
        chain.doFilter(new LimitedRequest(request), response);
    }

    private String tooLarge() {
        return "the request body is larger than " + limit + " bytes";
    }

    static final class BodyTooLargeException extends IOException {

        BodyTooLargeException() {
            super("request body over the limit");
        }
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream body = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int next = body.read();
                    if (next >= 0) {
                        count(1);
                    }
                    return next;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int count = body.read(buffer, offset, length);
                    if (count > 0) {
                        count(count);
                    }
                    return count;
                }

                private void count(long bytes) throws BodyTooLargeException {
                    read += bytes;
                    if (read > limit) {
                        throw new BodyTooLargeException();
                    }
                }

                @Override
                public boolean isFinished() {
                    return body.isFinished();
                }

                @Override
                public boolean isReady() {
                    return body.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    body.setReadListener(listener);
                }
            };
        }
    }
}
