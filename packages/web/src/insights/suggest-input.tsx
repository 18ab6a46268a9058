import { useState } from 'preact/hooks';

interface SuggestInputProps {
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  /** Suggestions, fetched when the field is first focused. */
  load: () => Promise<string[]>;
  onChange: (value: string) => void;
  hideLabel?: boolean;
}

/**
 * A text field with suggestions from the data in a native <datalist>: the browser does the filtering,
 * the keyboard handling and the announcing, and any value can still be typed.
 */
export function SuggestInput({
  id,
  label,
  value,
  placeholder,
  load,
  onChange,
  hideLabel,
}: SuggestInputProps) {
  const [options, setOptions] = useState<string[] | null>(null);
  const fetchOptions = () => {
    if (options === null) load().then(setOptions, () => setOptions([]));
  };
  return (
    <div class="field">
      <label for={id} class={hideLabel ? 'sr-only' : undefined}>
        {label}
      </label>
      <input
        id={id}
        list={`${id}-options`}
        autocomplete="off"
        placeholder={placeholder}
        value={value}
        onFocus={fetchOptions}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <datalist id={`${id}-options`}>
        {(options ?? []).map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </div>
  );
}
