package io.parley.command;

import io.parley.support.ParleyServices;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side as a service of its own, configured by {@code command-side.yml}. */
@SpringBootApplication
public class CommandSideApplication {

    public static void main(String[] args) {
        ParleyServices.run(CommandSideApplication.class, "command-side", args);
    }
}
