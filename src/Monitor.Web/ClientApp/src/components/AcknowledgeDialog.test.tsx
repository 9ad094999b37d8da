import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcknowledgeDialog } from './AcknowledgeDialog';

afterEach(cleanup);

describe('the acknowledge dialog, by keyboard', () => {
  it('starts in the comment, keeps Tab inside, closes on Escape and gives focus back', () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const onCancel = vi.fn();
    const { unmount } = render(<AcknowledgeDialog ids={['a', 'b']} onDone={vi.fn()} onCancel={onCancel} />);

    expect(document.activeElement).toBe(screen.getByTestId('acknowledge-comment'));
    const cancel = screen.getByText('Cancel');
    cancel.focus();
    fireEvent.keyDown(document, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByTestId('acknowledge-comment'));
    fireEvent.keyDown(document, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);

    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledOnce();
    unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
