import { FALLBACK_FILE_NAME, sanitiseFileName } from './file-name.js';

describe('sanitiseFileName', () => {
  it.each([
    ['CH07_20250314.mp4', 'CH07_20250314.mp4'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\exports\\cam 7.avi', 'cam 7.avi'],
    ['name\u202Etxt.exe', 'nametxt.exe'],
    ['tab\tand\nnewline.mp4', 'tabandnewline.mp4'],
    ['...', FALLBACK_FILE_NAME],
    ['', FALLBACK_FILE_NAME],
    ['Überwachung café.mp4', 'Überwachung café.mp4'],
  ])('%j → %j', (input, expected) => {
    expect(sanitiseFileName(input)).toBe(expected);
  });

  it('limits the length to 200 characters and keeps the extension', () => {
    const result = sanitiseFileName(`${'é'.repeat(500)}.g64x`);
    expect([...result]).toHaveLength(200);
    expect(result.endsWith('.g64x')).toBe(true);
  });
});
