/**
 * Test hooks on form fields. Taro H5 renders `<Input>` / `<Textarea>` as a custom element wrapping
 * the real `<input>` / `<textarea>`, and Playwright can only `fill` the real one: on H5 the id goes
 * onto the native element (through `nativeProps`), on weapp onto the component.
 */
export function fieldId(id: string): { id?: string; nativeProps?: Record<string, unknown> } {
  return process.env.TARO_ENV === 'h5' ? { nativeProps: { id } } : { id };
}
