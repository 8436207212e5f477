package io.parley.command.admin;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/consistency} (operators only, see the guard on {@code /api/admin/}): the event store against
 * every read model and feed, with every difference listed; {@code consistent} when there is none.
 */
@RestController
class ConsistencyController {

    private final ConsistencyAudit audit;

    ConsistencyController(ConsistencyAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/api/admin/consistency")
    ConsistencyAudit.Report consistency() {
        return audit.run();
    }
}
