package io.parley.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.kernel.api.ErrorResponse;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Takes the place of Tomcat's HTML error page. Tomcat answers some requests before any servlet, filter or Spring
 * handler sees them (an encoded {@code /}, {@code \} or NUL in the path, bad percent-encoding, overlong UTF-8, a path
 * above the root, a request line or header over its size limit); the error page of the host's pipeline is all that
 * runs for those, so it writes the API's error shape too. Requests that reach the application are answered there
 * ({@link ApiExceptionHandler}, {@link JsonErrorController}) and have their body written before this valve looks.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private final ObjectMapper json = new ObjectMapper();

    public JsonErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own page: nothing for a success, nothing over a body already written, one report per error
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(new ErrorResponse(new ErrorResponse.Body(
                        ContainerErrors.code(status), ContainerErrors.message(status)))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing left to tell it
        }
    }
}
