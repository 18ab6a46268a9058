/**
 * Arrow keys for a row of tabs (WAI-ARIA tabs pattern, automatic activation): Left/Right move to the neighbouring
 * tab and choose it, Home/End to the first/last. Every tab stays in the Tab order as well, so keyboard users who
 * do not know the pattern still reach them all.
 */
export function onTabListKey(e: KeyboardEvent): void {
  const tabs = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')];
  const at = tabs.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  const next =
    e.key === 'ArrowRight'
      ? (at + 1) % tabs.length
      : e.key === 'ArrowLeft'
        ? (at - 1 + tabs.length) % tabs.length
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? tabs.length - 1
            : -1;
  const tab = tabs[next];
  if (!tab) return;
  e.preventDefault();
  tab.focus();
  tab.click();
}
