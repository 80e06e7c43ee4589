package org.fulcrum.server.transparency.report;

import java.util.Map;

/**
 * Small inline SVG bar charts for the public pages: no script, readable at a glance, and every bar
 * carries its number as text so the figure can be checked against the JSON.
 */
public final class Charts {
    private Charts() {
    }

    /** Horizontal bars, one per key, labelled with key and value. */
    public static String bars(Map<String, Long> values, String id) {
        long max = Math.max(1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int rowHeight = 22;
        int height = Math.max(rowHeight, values.size() * rowHeight);
        StringBuilder svg = new StringBuilder("<svg class=\"chart\" id=\"" + escape(id) + "\" role=\"img\" "
                + "viewBox=\"0 0 520 " + height + "\" width=\"520\" height=\"" + height + "\">");
        int y = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int w = (int) Math.round(300.0 * e.getValue() / max);
            svg.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"12\">").append(escape(e.getKey()))
                    .append("</text><rect x=\"190\" y=\"").append(y + 4).append("\" width=\"").append(Math.max(w, 1))
                    .append("\" height=\"14\" fill=\"#3548d4\"/><text class=\"value\" x=\"").append(196 + w)
                    .append("\" y=\"").append(y + 15).append("\" font-size=\"12\">").append(e.getValue()).append("</text>");
            y += rowHeight;
        }
        return svg.append("</svg>").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
