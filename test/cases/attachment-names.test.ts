import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachmentContentDisposition, attachmentFileName } from '../../shared/cases/attachment-names.js';

describe('attachment file names', () => {
  it('keeps the last path segment of Windows and Unix paths', () => {
    assert.equal(attachmentFileName('C:\\Users\\ann\\Quote.pdf'), 'Quote.pdf');
    assert.equal(attachmentFileName('../../etc/passwd'), 'passwd');
  });

  it('drops control and bidirectional override characters, and dots and spaces at the ends', () => {
    assert.equal(attachmentFileName('evil\u202Efdp.exe'), 'evilfdp.exe');
    assert.equal(attachmentFileName('a\r\nb\u0000.txt'), 'ab.txt');
    assert.equal(attachmentFileName(' .hidden. '), 'hidden');
  });

  it('leaves nothing for names without a usable character or longer than 200 characters', () => {
    for (const name of ['', '..', '/', ' . ', '\u0007', 'x'.repeat(201)]) {
      assert.equal(attachmentFileName(name), undefined, JSON.stringify(name));
    }
    assert.equal(attachmentFileName('x'.repeat(200)), 'x'.repeat(200));
  });

  it('names the file in Content-Disposition as quoted ASCII and as UTF-8, with nothing to break out of', () => {
    assert.equal(
      attachmentContentDisposition('Résumé "final"; x=1\\.pdf'),
      `attachment; filename="R_sum_ _final_; x=1_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%3B%20x%3D1%5C.pdf`,
    );
    assert.equal(
      attachmentContentDisposition("it's (1).txt"),
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });
});
