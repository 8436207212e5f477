package io.parley.push;

import io.parley.support.ParleyServices;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The realtime push service on its own, configured by {@code realtime-push.yml}. */
@SpringBootApplication
public class RealtimePushApplication {

    public static void main(String[] args) {
        ParleyServices.run(RealtimePushApplication.class, "realtime-push", args);
    }
}
