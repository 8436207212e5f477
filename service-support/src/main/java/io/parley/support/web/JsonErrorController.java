package io.parley.support.web;

import io.parley.kernel.api.ErrorResponse;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the container forwards a request answered with {@code sendError} (by a filter, a library
 * such as the Engine.IO server, or Spring itself) or failed outside any controller advice: the API's error shape in
 * place of Spring Boot's own, without the path, the exception or a trace.
 */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ErrorResponse> error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        if (status < 400) {
            status = 500;
        }
        return ResponseEntity.status(status).body(new ErrorResponse(new ErrorResponse.Body(
                ContainerErrors.code(status), ContainerErrors.message(status))));
    }
}
