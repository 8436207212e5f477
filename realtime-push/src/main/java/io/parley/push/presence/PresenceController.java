package io.parley.push.presence;

import io.parley.kernel.UserIds;
import io.parley.kernel.auth.Caller;
import io.parley.kernel.error.ParleyException;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/presence?users=a,b,...}: served by the push side, which holds presence (nginx routes the path
 * here in the production shape). Users who share no live conversation with the caller are left out, as unknown ones
 * are, so the answer tells nobody about strangers.
 */
@RestController
class PresenceController {

    static final int MAX_USERS = 100;

    /** The answer: {@code { presence: [...] }}. */
    record PresenceList(List<Presence> presence) {
    }

    private final PresenceRelay relay;

    PresenceController(PresenceRelay relay) {
        this.relay = relay;
    }

    @GetMapping("/api/presence")
    PresenceList presence(Caller caller, @RequestParam(required = false) String users) {
        if (users == null || users.isBlank()) {
            throw ParleyException.validation("users is required: user ids separated by commas");
        }
        List<String> userIds = Arrays.stream(users.split(",", -1)).map(String::trim).toList();
        if (userIds.size() > MAX_USERS) {
            throw ParleyException.validation("users names at most " + MAX_USERS + " user ids");
        }
        if (!userIds.stream().allMatch(UserIds::isValid)) {
            throw ParleyException.validation(
                    "users holds something that is not a user id (1 to 128 characters of A-Za-z0-9._:@-)");
        }
        return new PresenceList(relay.visibleTo(caller.userId(), userIds));
    }
}
