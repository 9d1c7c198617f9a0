import { expect } from '@open-wc/testing';
import { TEST_MODE_STORAGE_KEY, testModeAllows, type TestModeStorage } from '../../src/core/test-mode.js';

/** A fresh in-memory storage per test. */
function memory(): TestModeStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

describe('test mode (?showInPostPay=true)', () => {
  it('hides InPost Pay from a visitor without the parameter', () => {
    expect(testModeAllows('', memory())).to.equal(false);
    expect(testModeAllows('?q=shoes', memory())).to.equal(false);
  });

  it('shows it with ?showInPostPay=true and remembers it for the tab', () => {
    const storage = memory();
    expect(testModeAllows('?showInPostPay=true&q=1', storage)).to.equal(true);
    expect(storage.values.get(TEST_MODE_STORAGE_KEY)).to.equal('true');
    expect(testModeAllows('?q=2', storage)).to.equal(true);
  });

  it('?showInPostPay=false forgets it; any other value shows nothing and keeps the memory', () => {
    const storage = memory();
    testModeAllows('?showInPostPay=true', storage);
    expect(testModeAllows('?showInPostPay=1', storage)).to.equal(false);
    expect(testModeAllows('', storage)).to.equal(true);
    expect(testModeAllows('?showInPostPay=false', storage)).to.equal(false);
    expect(testModeAllows('', storage)).to.equal(false);
  });

  it('a value planted in storage by someone else counts only when it is exactly "true"', () => {
    const storage = memory();
    storage.setItem(TEST_MODE_STORAGE_KEY, '<img src=x onerror=alert(1)>');
    expect(testModeAllows('', storage)).to.equal(false);
  });

  it('blocked storage: the parameter still works on its own page, nothing is remembered', () => {
    const blocked: TestModeStorage = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    };
    expect(testModeAllows('?showInPostPay=true', blocked)).to.equal(true);
    expect(testModeAllows('', blocked)).to.equal(false);
    expect(testModeAllows('?showInPostPay=true')).to.equal(true);
  });
});
