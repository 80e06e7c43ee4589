package org.fulcrum.server.transparency.report;

import java.util.Map;
import java.util.function.Function;

/**
 * Small bar charts for the public pages: no script, no inline style, readable at a glance. Each bar
 * is a row of label, bar and number laid out by the stylesheet's grid, so the chart reflows to the
 * width of its card and no label or value is ever cut off; every bar carries its number as text so
 * the figure can be checked against the JSON.
 */
public final class Charts {
    private Charts() {}

    /** Horizontal bars, one per key, labelled with key and value; {@code id} names the list. */
    public static String bars(Map<String, Long> values, String id) {
        return bars(values, id, Function.identity());
    }

    /**
     * Horizontal bars labelled with each key in {@code words} and its value; the key itself is the
     * label's title, so the figure can still be found in the JSON by its key.
     */
    public static String bars(Map<String, Long> values, String id, Function<String, String> words) {
        long max = Math.max(
                1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
        StringBuilder html = new StringBuilder("<ul class=\"chart bars\" id=\"" + escape(id) + "\">");
        for (Map.Entry<String, Long> e : values.entrySet()) {
            // the bar's length is an SVG attribute, a percentage of its track: it needs no inline style
            long percent = Math.max(1, Math.round(100.0 * e.getValue() / max));
            String label = words.apply(e.getKey());
            html.append("<li><span class=\"label\"")
                    .append(label.equals(e.getKey()) ? "" : " title=\"" + escape(e.getKey()) + "\"")
                    .append(">")
                    .append(escape(label))
                    .append("</span>")
                    .append(
                            "<svg class=\"track\" aria-hidden=\"true\" focusable=\"false\"><rect class=\"bar\" x=\"0\" y=\"0\" ")
                    .append("height=\"100%\" width=\"")
                    .append(percent)
                    .append("%\"/></svg>")
                    .append("<span class=\"value\">")
                    .append(e.getValue())
                    .append("</span></li>");
        }
        if (values.isEmpty()) {
            html.append("<li class=\"empty\">nothing to count yet</li>");
        }
        return html.append("</ul>").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
