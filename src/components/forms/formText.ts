// The words the form components add around what pages give them, kept out of their markup and in
// one place so that the languages work can give them in each language.
export const FORM_TEXT = {
  /** Read before each error message by a screen reader (GOV.UK's visually hidden prefix). */
  errorPrefix: 'Error:',
  /** The error summary's heading. */
  summaryTitle: 'There is a problem',
  /** A page's title while its form has errors (GOV.UK: "Error: " before it). */
  title: (title: string, hasErrors: boolean) => (hasErrors ? `Error: ${title}` : title),
};
