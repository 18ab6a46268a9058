import { useEffect, useState } from 'preact/hooks';

/**
 * The search box's text, and the trimmed term to query with once typing pauses for 250 ms: searching scans
 * properties, so it should not run on every keystroke.
 */
export function useDebouncedSearch(): { input: string; setInput: (value: string) => void; search: string } {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setSearch(input.trim()), 250);
    return () => clearTimeout(t);
  }, [input]);
  return { input, setInput, search };
}
