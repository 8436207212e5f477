package io.parley.kernel;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Ids of conversations, messages and attachments: 24 lower-case hex characters in MongoDB's ObjectId layout
 * (4 bytes of seconds, 5 random bytes fixed per process, 3 bytes of counter), so they sort roughly by creation.
 */
public final class Ids {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{24}");
    private static final byte[] PROCESS_RANDOM = new byte[5];
    private static final AtomicInteger COUNTER;

    static {
        SecureRandom random = new SecureRandom();
        random.nextBytes(PROCESS_RANDOM);
        COUNTER = new AtomicInteger(random.nextInt(1 << 24));
    }

    private Ids() {
    }

    public static String newId() {
        byte[] bytes = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        int counter = COUNTER.getAndIncrement() & 0xFFFFFF;
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        System.arraycopy(PROCESS_RANDOM, 0, bytes, 4, 5);
        bytes[9] = (byte) (counter >>> 16);
        bytes[10] = (byte) (counter >>> 8);
        bytes[11] = (byte) counter;
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isValid(String candidate) {
        return candidate != null && ID.matcher(candidate).matches();
    }
}
