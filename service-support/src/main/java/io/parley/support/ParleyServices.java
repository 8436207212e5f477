package io.parley.support;

import java.util.Map;
import org.springframework.boot.SpringApplication;

/** How each Parley service starts on its own: its own configuration file, Axon quiet about the internet. */
public final class ParleyServices {

    private ParleyServices() {
    }

    /** Runs {@code application} with {@code <name>.yml} as its configuration (not application.yml). */
    public static void run(Class<?> application, String name, String... args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication spring = new SpringApplication(application);
        spring.setDefaultProperties(Map.of("spring.config.name", name));
        spring.run(args);
    }
}
