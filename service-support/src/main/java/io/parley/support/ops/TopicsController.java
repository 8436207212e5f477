package io.parley.support.ops;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/topics}: Parley's Kafka topics and their readers' lag (operators only, see the guard). */
@RestController
public class TopicsController {

    private final TopicsReport report;

    public TopicsController(TopicsReport report) {
        this.report = report;
    }

    @GetMapping("/api/admin/topics")
    public TopicsReport.Report topics() {
        return report.build();
    }
}
