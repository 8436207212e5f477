package io.parley.query.replay;

import io.parley.kernel.error.ParleyException;
import io.parley.query.ReadModels;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the read models and their replay, {@code admin} role only (every {@code /api/admin/} route is
 * guarded by {@link io.parley.support.web.AdminGuardFilter} before it gets here). There is one read model,
 * {@code conversations}: conversations, their messages and the lookups beside them, built by one processing group
 * because message events change conversation documents (unread counts, last message, the version guard).
 */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminController {

    private final ProjectionReplay replay;

    ProjectionAdminController(ProjectionReplay replay) {
        this.replay = replay;
    }

    @GetMapping
    Map<String, List<ProjectionStatus>> list() {
        return Map.of("projections", List.of(replay.status()));
    }

    @GetMapping("/{name}")
    ProjectionStatus get(@PathVariable String name) {
        requireKnown(name);
        return replay.status();
    }

    /** 202: the rebuild runs on; {@code GET /api/admin/projections/{name}} follows it. */
    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
        requireKnown(name);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(replay.replay());
    }

    private static void requireKnown(String name) {
        if (!ReadModels.NAME.equals(name)) {
            throw ParleyException.notFound("no projection named " + name + "; there is " + ReadModels.NAME);
        }
    }
}
