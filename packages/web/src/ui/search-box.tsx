interface SearchBoxProps {
  id: string;
  /** For screen readers; sighted users have the placeholder. */
  label: string;
  placeholder: string;
  value: string;
  onInput: (value: string) => void;
}

/** The search field in a list page's toolbar. */
export function SearchBox({ id, label, placeholder, value, onInput }: SearchBoxProps) {
  return (
    <div class="toolbar">
      <label class="sr-only" for={id}>
        {label}
      </label>
      <input
        id={id}
        type="search"
        placeholder={placeholder}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}
