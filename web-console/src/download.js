// Exports the API answers as files (CSV, JSON): fetched with the user's token, which a plain link could not carry.
import { api } from './api.js';
import { h, notice } from './dom.js';

/** A button that downloads path as a file named filename, and says so beside it if that fails. */
export function exportButton(label, path, filename) {
  return h('button', {
    type: 'button',
    onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        const url = URL.createObjectURL(await api.blob(path));
        const anchor = h('a', { href: url, download: filename });
        document.body.append(anchor);
        anchor.click();
        anchor.remove();
        // Revoked at once, the URL could be gone before the browser starts reading it.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        button.after(notice('error', `The export failed: ${error.message}`));
      } finally {
        button.disabled = false;
      }
    },
  }, label);
}
