// Every CSS selector the real-editor tests point into a page with, in one
// place. The first part is VS Code's own DOM, as code-server 4.139.1 renders
// it (VS Code 1.139's workbench: the version scripts/e2e-setup.mjs installs).
// These are not an API: when an update of code-server moves something, this
// is the file to change. The last part is our own webviews' markup (the Plan
// Timeline, the Markdown preview's progress), which src/ owns.
//
// Names say what a selector finds. A selector that only makes sense inside
// another one (a row's label inside a row) says so; the scenarios combine them.

// ---------------------------------------------------------------------------
// The workbench

/** The workbench's root: shown once the page has loaded VS Code. */
export const WORKBENCH = '.monaco-workbench';

// The activity bar

export const ACTIVITY_BAR = '.part.activitybar';
/** The activity-bar entry of the view container titled `title` (the label sits on the entry or on its inner `a.action-label`). */
export const activityBarEntry = (title: string): string =>
  `${ACTIVITY_BAR} .action-item:has([aria-label^="${title}"]), ${ACTIVITY_BAR} .action-item[aria-label^="${title}"]`;
/** Inside an activity-bar entry: its badge (hidden by an inline `display: none`), the badge's count, and the entry's label. */
export const ENTRY_BADGE = '.badge';
export const ENTRY_BADGE_COUNT = '.badge .badge-content';
export const ENTRY_LABEL = '.action-label';
/** The labels of all activity-bar entries (their aria-label: the container's title, and its badge's tooltip). */
export const ACTIVITY_BAR_ENTRY_LABEL = `${ACTIVITY_BAR} .action-item .action-label`;

// The side bar and its views

/** The side bar itself (its width is the tree's). */
export const SIDEBAR = '.part.sidebar';
/** Whatever has the keyboard focus inside the side bar. */
export const SIDEBAR_FOCUS = '.part.sidebar :focus';
/** The side bar's title bar (a click there takes the keyboard back from a webview), and its title: `"<Container>: <View>"` when the container has one view. */
export const SIDEBAR_TITLE_BAR = '.part.sidebar .composite.title';
export const SIDEBAR_TITLE = `${SIDEBAR_TITLE_BAR} .title-label`;
/** The action buttons of the side bar's title (a view's title actions, when it is the only one); `[aria-label="…"]` picks one. */
export const SIDEBAR_TITLE_ACTION = `${SIDEBAR_TITLE_BAR} .action-label`;
/** The view panes of the side bar; a pane's name is its header's title (the header exists, hidden, even for a single view). */
export const VIEW_PANE = '.part.sidebar .pane';
export const PANE_TITLE = '.pane-header h3.title';
/** Inside a pane: its tree's rows. */
export const PANE_ROW = '.pane-body .monaco-list-row';
/** A row of the side bar's tree views (`aria-level`, `aria-expanded`, `data-index` on it). */
export const TREE_ROW = `${VIEW_PANE} ${PANE_ROW}`;
/** The label of the tree row the keyboard is on (not necessarily the selected one). */
export const FOCUSED_TREE_ROW_LABEL = `${TREE_ROW}.focused .label-name`;
/** The message a tree view shows in place of its rows (`TreeView.message`, or "There is no data provider registered…"). */
export const VIEW_MESSAGE = '.part.sidebar .pane-body .message';
/** The title of the side bar's view pane and the description a view sets beside it (a filter's mark). */
export const VIEW_PANE_DESCRIPTION = '.part.sidebar .pane-header .description, .part.sidebar .composite.title .title-label';

// Inside a tree row (also the rows of quick picks and menus-like lists)

/** The label's box, which the workbench cuts with an ellipsis at the side bar's edge. */
export const ROW_LABEL_BOX = '.monaco-icon-label-container';
/** The label's name (also a tab's name, and a quick pick row's label). */
export const ROW_LABEL_NAME = '.label-name';
export const ROW_DESCRIPTION = '.label-description';
/** The item's icon; its `codicon-<name>` class names the codicon. */
export const ROW_ICON = '.custom-view-tree-node-item-icon';
/** The expand/collapse arrow (toggles without running the item's command). */
export const ROW_TWISTIE = '.monaco-tl-twistie';
/** The row's inline actions (their aria-label or title: the command title and its keybinding). */
export const ROW_ACTION = '.actions .action-label';
/** A codicon rendered in text (`$(name)`), its `codicon-<name>` class names it. */
export const CODICON = '.codicon';

// The editor area

/** Editor groups: one per column of editors. */
export const EDITOR_GROUP = '.part.editor .editor-group-container';
export const ACTIVE_GROUP = `${EDITOR_GROUP}.active`;
/** The active group's text editor(s). */
export const ACTIVE_TEXT_EDITOR = `${ACTIVE_GROUP} .monaco-editor`;
/** What takes the keyboard in the active text editor (older builds: the textarea; 1.139: the native edit context). */
export const ACTIVE_EDITOR_INPUT = `${ACTIVE_TEXT_EDITOR} textarea.inputarea, ${ACTIVE_TEXT_EDITOR} .native-edit-context`;
/** Whatever has the keyboard focus in any text editor. */
export const EDITOR_FOCUS = '.part.editor .monaco-editor :focus';
/** The selection's highlight in the active editor (present only while text is selected). */
export const ACTIVE_EDITOR_SELECTION = `${ACTIVE_TEXT_EDITOR} .selected-text`;
/** The active editor's rendered text (all lines). */
export const ACTIVE_VIEW_LINES = `${ACTIVE_GROUP} .view-lines`;
/** Inside a text editor: its rendered lines, one element per screen row. */
export const VIEW_LINE = '.view-lines .view-line';
/** Inside a text editor: a CodeLens line (`monaco-visible-content-widget="true"` once it is positioned in the viewport). */
export const CODELENS = '.codelens-decoration';
/** Inside a CodeLens line: its commands (links). */
export const CODELENS_COMMAND = 'a';
/** The commands of the CodeLens in view in the active editor. */
export const VISIBLE_CODELENS_COMMAND = `${ACTIVE_GROUP} .codelens-decoration[monaco-visible-content-widget="true"] ${CODELENS_COMMAND}`;
/** The actions in the active editor's title bar (Review Changes' Commit…). */
export const EDITOR_TITLE_ACTION = `${ACTIVE_GROUP} .editor-actions .action-label`;
/** The breadcrumbs above the active editor. */
export const BREADCRUMB = '.part.editor .breadcrumbs-control .monaco-breadcrumb-item';

// Tabs

/** Any tab, and the tabs of the editor area. */
export const TAB = '.tabs-container .tab';
export const EDITOR_TAB = '.part.editor .tab';
/** Tabs' titles (the name without the file's extension). */
export const TAB_LABEL = '.tab .label-name';
/** The active tab's title, of any group (a webview panel opened beside) and of the active group. */
export const ACTIVE_TAB_LABEL = '.tab.active .label-name';
export const ACTIVE_GROUP_TAB_LABEL = `${ACTIVE_GROUP} .tab.active .label-name`;
/** The active group's active tab: its label, split into `.label-name` and `.label-suffix` (`notes` + `.md`). */
export const ACTIVE_GROUP_TAB = `${ACTIVE_GROUP} .tab.active .tab-label`;
export const LABEL_SUFFIX = '.label-suffix';

// Diff editors

/** A side-by-side diff's inserted lines. */
export const DIFF_INSERTED_LINE = '.editor-instance .monaco-diff-editor .line-insert';
/** The multi-file diff editor's entries (Review Changes), its file headers' paths. */
export const MULTI_DIFF_ENTRY = `${ACTIVE_GROUP} .multiDiffEntry`;
export const MULTI_DIFF_FILE = `${MULTI_DIFF_ENTRY} .file-path`;
/** Inside a multi-diff entry: the file's label (its aria-label is the path), its status (`added`, `deleted` classes), the original side's lines. */
export const MULTI_DIFF_ENTRY_PATH = '.header .title.modified .monaco-icon-label, .header .title .monaco-icon-label';
export const MULTI_DIFF_ENTRY_STATUS = '.header .status';
export const MULTI_DIFF_ORIGINAL_LINE = '.editor.original .view-line';

// Quick input (command palette, quick picks, input boxes)

export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_TITLE = `${QUICK_INPUT} .quick-input-title`;
export const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
export const QUICK_INPUT_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
/** Inside a multi-select quick pick's row: its checkbox (the element differs between builds). */
export const QUICK_INPUT_ROW_CHECKBOX = 'input[type=checkbox], .quick-input-list-checkbox, .monaco-custom-toggle';
/** The label of the quick pick row the keyboard is on (Enter takes it). */
export const FOCUSED_QUICK_INPUT_ROW_LABEL = `${QUICK_INPUT_ROW}.focused .label-name`;
/** A multi-select quick pick's OK button. */
export const QUICK_INPUT_OK = `${QUICK_INPUT} .quick-input-action .monaco-button`;

// Notifications

export const TOASTS = '.notifications-toasts';
export const NOTIFICATION_CENTER = '.notifications-center';
export const TOAST = `${TOASTS} .notification-toast`;
/** A notification, in the toasts or in the notification centre (inside one of them). */
export const NOTIFICATION = '.notification-list-item';
export const NOTIFICATION_MESSAGE = '.notification-list-item-message';
export const NOTIFICATION_BUTTON = '.notification-list-item-buttons-container .monaco-button';
/** The messages of the toasts shown. */
export const TOAST_MESSAGE = `${TOAST} ${NOTIFICATION_MESSAGE}`;

// Modal dialogs

export const DIALOG = '.monaco-dialog-box';
/** Inside the dialog: any button, its message, its detail, its row of buttons. */
export const DIALOG_BUTTON = '.monaco-button';
export const DIALOG_MESSAGE = '.dialog-message-text';
export const DIALOG_DETAIL = '.dialog-message-detail';
export const DIALOG_BUTTONS = '.dialog-buttons .monaco-button';

// Context menus, hovers, quick fixes

export const CONTEXT_MENU = '.context-view .monaco-menu';
/** Inside a menu: its entries, and the labels of the enabled ones. */
export const MENU_ITEM = '.action-item';
export const MENU_ENABLED_LABEL = '.action-item:not(.disabled) .action-label';
/** A hover (a tree item's tooltip). */
export const HOVER = '.workbench-hover, .monaco-hover';
/** The entries of the quick-fix (code action) list. */
export const QUICK_FIX_ROW = '.action-widget .monaco-list-row';

// The status bar

/** The status bar items. */
export const STATUS_ITEM = '.part.statusbar .statusbar-item';
/** The Problems item (errors and warnings counts). */
export const PROBLEMS_STATUS = '.part.statusbar [id="status.problems"]';

// The panel: Output, Problems, terminal

/** The text of the editors the panel shows (the Output channel's text). */
export const PANEL_TEXT = '.part.panel .view-lines';
/** The Problems panel's rows. */
export const PROBLEM_ROW = '.markers-panel .monaco-list-row';
/** The active integrated terminal's screen. */
export const TERMINAL = '.terminal-wrapper.active .xterm';

// The Welcome page's walkthrough

/** A walkthrough's steps: `data-step-id` (`<extension>#<walkthrough>#<step>`), `aria-checked="true"` once the step is done. */
export const WALKTHROUGH_STEP = '.getting-started-step[data-step-id]';
/** The step whose id ends in `#<id>` (`openView`). */
export const walkthroughStep = (id: string): string => `.getting-started-step[data-step-id$="#${id}"]`;
/** A step's buttons: each line of its description that is a single link. */
export const WALKTHROUGH_STEP_BUTTON = '.step-description-container .button-container .monaco-button';

// The Settings editor

export const SETTINGS_EDITOR = '.settings-editor';
export const SETTINGS_HEADER = '.settings-editor .settings-header';
/** The Settings editor's search box's text. */
export const SETTINGS_SEARCH_TEXT = '.settings-header .search-container .view-lines';

// Layout

/** The vertical sashes (the side bar's edge among them), and one that is highlighted (hovered or dragged). */
export const VERTICAL_SASH = '.monaco-sash.vertical';
export const HIGHLIGHTED_SASH = '.monaco-sash.hover, .monaco-sash.active';

// ---------------------------------------------------------------------------
// Our own webviews (src/ owns this markup), each inside its webview's frame

/** The Plan Timeline: its drawing, the run bars (`aria-label`, `data-line`, `bwp-running` while running), phase bands, axis labels, totals, hover text. */
export const TIMELINE_SVG = 'svg.bwp-timeline';
export const TIMELINE_RUN = 'rect.bwp-run';
/** The run bar of a respawned run (its accessible label says which respawn). */
export const TIMELINE_RESPAWN_RUN = 'rect.bwp-run[aria-label*="(respawn 1)"]';
export const TIMELINE_PHASE = '.bwp-phase';
export const TIMELINE_TICK_LABEL = 'svg.bwp-timeline text.bwp-tick-label';
export const TIMELINE_TOTALS = '.bwp-totals';
export const TIMELINE_HOVER = '#tip:not([hidden])';

/** The Markdown preview of a plan: the phase progress bar, its segments and label, the status badges, the current phase's row cells. */
export const PREVIEW_PROGRESS_BAR = '.bwp-progress-bar';
export const PREVIEW_SEGMENT = '.bwp-progress-bar .bwp-seg';
export const PREVIEW_PROGRESS_LABEL = '.bwp-progress-label';
export const PREVIEW_BADGE = '.bwp-badge';
export const PREVIEW_CURRENT_ROW_CELL = 'tr.bwp-current > td';
