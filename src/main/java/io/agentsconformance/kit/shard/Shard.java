package io.agentsconformance.kit.shard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of N parts of a run ({@code --shard I/N}, {@code agents.shard}): numbered from 1, so that
 * a CI matrix of 1..N names its shards as people count them.
 */
public record Shard(int index, int count) {

    /** More shards than this would leave most of them a single case; a typo, more likely. */
    public static final int MAX = 64;

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,3})\\s*/\\s*(\\d{1,3})\\s*");

    public Shard {
        if (count < 1 || count > MAX || index < 1 || index > count) {
            throw new IllegalArgumentException("'" + index + "/" + count + "' is not a shard: write I/N with 1 <= I <= N <= " + MAX);
        }
    }

    /** "2/4" is the second of four; anything else is refused with the form to use. */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a shard: write I/N, e.g. 2/4 (the second of four)");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
