package io.woosync.woo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names a REST path the way a shop admin says it ("order 17", "refunds of order 17"), for error sentences. */
final class WooSubjects {

    private static final Pattern VARIATION = Pattern.compile("products/(\\d+)/variations/(\\d+)");
    private static final Pattern REFUNDS = Pattern.compile("orders/(\\d+)/refunds");
    private static final Pattern ONE = Pattern.compile("(orders|products|customers|webhooks|coupons)/(\\d+)");

    private WooSubjects() {
    }

    static String describe(String path) {
        Matcher m = VARIATION.matcher(path);
        if (m.matches()) {
            return "variation " + m.group(2) + " of product " + m.group(1);
        }
        m = REFUNDS.matcher(path);
        if (m.matches()) {
            return "the refunds of order " + m.group(1);
        }
        m = ONE.matcher(path);
        if (m.matches()) {
            return singular(m.group(1)) + " " + m.group(2);
        }
        return "the " + path.replace('/', ' ') + " list";
    }

    /** "Order 17" for a sentence's start. */
    static String describeCapitalized(String path) {
        String s = describe(path);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String singular(String plural) {
        return plural.substring(0, plural.length() - 1);
    }
}
