package io.parley.standalone;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Picks up every Parley module's components: {@code io.parley.command}, {@code .query}, {@code .push}. */
@SpringBootApplication(scanBasePackages = "io.parley")
public class StandaloneApplication {
}
