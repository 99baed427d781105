package io.olimpus.desktop.layout;

/** The automatic layouts offered in the Layout menu, each computed by JGraphX. */
public enum LayoutKind {
    CIRCLE, TREE, HIERARCHICAL, ORGANIC
}
