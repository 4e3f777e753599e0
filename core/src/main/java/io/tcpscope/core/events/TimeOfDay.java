package io.tcpscope.core.events;

import java.time.Instant;

/** The time of day, in UTC, as the events' {@code toString} write it: {@code 12:00:01.438931}. */
final class TimeOfDay {

    private TimeOfDay() {
    }

    static String of(Instant at) {
        String time = at.toString();
        int t = time.indexOf('T');
        return t < 0 ? time : time.substring(t + 1, time.length() - 1);
    }
}
