/** What a form gives each of the fields in this folder. */
export type FieldProps = {
  value: string;
  onChange: (value: string) => void;
  /** What the API said is wrong with the value. */
  error?: string;
  className?: string;
  /** "off" where an admin types someone else's details. */
  autoComplete?: string;
};
