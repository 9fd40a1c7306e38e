// CSS selectors into VS Code's own page (code-server 4.139, VS Code 1.139's
// workbench) that the daily-flow scenarios read, in one place: when a
// workbench update moves something, this is the file to change.

/** A row of the side bar's tree views (`aria-level`, `data-index` on it). */
export const TREE_ROW = '.part.sidebar .pane .pane-body .monaco-list-row';
/** Inside a tree row: the label's box, which the workbench cuts with an ellipsis at the side bar's edge. */
export const ROW_LABEL_BOX = '.monaco-icon-label-container';
export const ROW_LABEL_NAME = '.label-name';
export const ROW_DESCRIPTION = '.label-description';
/** The side bar itself (its width is the tree's). */
export const SIDEBAR = '.part.sidebar';
/** The title of the side bar's view pane and the description a view sets beside it (a filter's mark). */
export const VIEW_PANE_DESCRIPTION = '.part.sidebar .pane-header .description, .part.sidebar .composite.title .title-label';
/** The actions in the active editor's title bar (Review Changes' Commit…). */
export const EDITOR_TITLE_ACTION = '.part.editor .editor-group-container.active .editor-actions .action-label';
/** Editor groups: one per column of editors. */
export const EDITOR_GROUP = '.part.editor .editor-group-container';
/** Tabs and their titles. */
export const TAB_LABEL = '.tab .label-name';
/** The multi-file diff editor's file headers (Review Changes). */
export const MULTI_DIFF_FILE = '.part.editor .editor-group-container.active .multiDiffEntry .file-path';
/** The status bar items. */
export const STATUS_ITEM = '.part.statusbar .statusbar-item';
/** The Plan Timeline's tick labels, inside its webview's frame. */
export const TIMELINE_TICK_LABEL = 'svg.bwp-timeline text.bwp-tick-label';
export const TIMELINE_SVG = 'svg.bwp-timeline';
