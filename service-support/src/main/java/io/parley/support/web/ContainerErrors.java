package io.parley.support.web;

import io.parley.kernel.error.ErrorCode;

/**
 * The code and sentence for a status that the servlet container or the web framework chose on its own, before any
 * of our handlers could name the fault: the same {@code { error: { code, message } }} every route answers, never a
 * container page, a stack trace or a server banner.
 */
final class ContainerErrors {

    private ContainerErrors() {
    }

    static String code(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED.code();
            case 403 -> ErrorCode.FORBIDDEN.code();
            case 404 -> ErrorCode.NOT_FOUND.code();
            case 405 -> "method_not_allowed";
            case 409 -> ErrorCode.CONFLICT.code();
            case 413, 414, 431 -> ErrorCode.PAYLOAD_TOO_LARGE.code();
            case 429 -> ErrorCode.RATE_LIMITED.code();
            default -> status >= 500 ? ErrorCode.INTERNAL.code() : ErrorCode.VALIDATION_FAILED.code();
        };
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "the request is malformed: its path, query or headers cannot be read (an encoded '/', '\\' "
                    + "or NUL, bad percent-encoding or UTF-8, a path above the root, a character not allowed there, "
                    + "or a request line or header over the size limit)";
            case 401 -> "this route needs a valid bearer token";
            case 403 -> "not allowed";
            case 404 -> "no such route or resource";
            case 405 -> "this route does not take that method";
            case 408 -> "the request took too long to arrive";
            case 411 -> "the request needs a Content-Length";
            case 413 -> "the request body is larger than the limit";
            case 414 -> "the request path and query are longer than the limit";
            case 431 -> "the request headers are larger than the limit";
            default -> status >= 500 ? "internal error" : "the request was refused";
        };
    }
}
