const MAX_LENGTH = 200;
const MAX_EXTENSION_LENGTH = 16;
export const FALLBACK_FILE_NAME = 'evidence.bin';

/**
 * Makes a client-supplied file name safe to store, show and offer as a download name: keeps only the last path
 * segment, removes control and bidirectional-override characters, replaces characters that are unsafe on common file
 * systems, strips leading dots and limits the length (keeping the extension). Never used for storage keys.
 */
export function sanitiseFileName(input: string): string {
  const lastSegment = input.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = lastSegment
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if ([...name].length > MAX_LENGTH) name = truncateKeepingExtension(name);
  return name.length > 0 ? name : FALLBACK_FILE_NAME;
}

function truncateKeepingExtension(name: string): string {
  const characters = [...name];
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  if (extension.length === 0 || extension.length > MAX_EXTENSION_LENGTH) return characters.slice(0, MAX_LENGTH).join('').trim();
  const stem = [...name.slice(0, dot)].slice(0, MAX_LENGTH - extension.length).join('').trim();
  return `${stem}${extension.join('')}`;
}
