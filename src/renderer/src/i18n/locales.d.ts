/** A locale file as text (Vite's `?raw`): the whole Latvian file (src/renderer/src/i18n). */
declare module '*.json?raw' {
  const text: string
  export default text
}
