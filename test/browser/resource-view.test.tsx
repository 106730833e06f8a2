import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { KubeVisionProvider } from '../../src/react/index.ts';
import { MASK, ResourceView } from '../../src/resource/index.ts';
import '../../src/styles/theme.css';

const baseUrl = inject('realGatewayUrl');
const token = inject('realGatewayToken');

afterEach(() => cleanup());

async function kubectl(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await commands.kubectl(args);
  expect(code, `kubectl ${args.join(' ')}: ${stderr}`).toBe(0);
  return stdout;
}

async function kubectlApply(manifest: object): Promise<void> {
  const { code, stderr } = await commands.kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
  expect(code, stderr).toBe(0);
}

function View({ resource, name }: { resource: string; name: string }) {
  return (
    <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
      <ResourceView cluster="prod-us" namespace="default" resource={resource} name={name} />
    </KubeVisionProvider>
  );
}

const yaml = () => screen.getByLabelText('YAML').textContent ?? '';
const patch = (name: string, data: Record<string, string>) => kubectl('patch', 'configmap', name, '--type', 'merge', '-p', JSON.stringify({ data }));

describe('<ResourceView> in Chromium against the real gateway and emulator', () => {
  it('follows a config map live, shows what changed since it was opened, and lists its events', async () => {
    const name = `view-${Date.now()}`;
    await kubectl('create', 'configmap', name, '--from-literal=alpha=one', '--from-literal=echo=five');
    render(<View resource="configmaps" name={name} />);
    await waitFor(() => expect(yaml()).toContain('alpha: one'), { timeout: 10_000 });
    expect(screen.queryByRole('button', { name: 'Changed since you opened it' })).toBeNull();

    await patch(name, { echo: 'changed by kubectl' });
    await waitFor(() => expect(yaml()).toContain('echo: changed by kubectl'), { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Changed since you opened it' }));
    const diff = screen.getByLabelText('Changes since you opened it');
    const lines = (change: string) => [...diff.querySelectorAll(`[data-change="${change}"]`)].map((l) => l.textContent?.replace(/\s+/g, ' '));
    expect(lines('added')).toContain('+ echo: changed by kubectl');
    expect(lines('removed')).toContain('- echo: five');

    await kubectlApply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.reloaded`, namespace: 'default' },
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'default' },
      reason: 'Reloaded',
      message: 'the app read its new settings',
      type: 'Normal',
    });
    const events = screen.getByRole('complementary', { name: 'Events' });
    await waitFor(() => expect(events.textContent).toContain('Reloaded the app read its new settings'), { timeout: 10_000 });
  });

  it('turns a concurrent kubectl edit into a three-way conflict, and saves the resolution', async () => {
    const name = `edit-${Date.now()}`;
    await kubectl('create', 'configmap', name, '--from-literal=alpha=one', '--from-literal=bravo=two', '--from-literal=charlie=three', '--from-literal=echo=five');
    render(<View resource="configmaps" name={name} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }, { timeout: 10_000 }));
    const editor = screen.getByRole('textbox', { name: 'Edit YAML' }) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: editor.value.replace('alpha: one', 'alpha: from the page') } });

    // Meanwhile a colleague changes the same key and another one.
    await patch(name, { alpha: 'from kubectl', echo: 'kubectl too' });
    // The watch tells before Save does.
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Changed by someone else since your edit began/), { timeout: 10_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const conflict = await screen.findByRole('region', { name: 'Conflict 1' }, { timeout: 10_000 });
    expect(screen.getByRole('alert').textContent).toMatch(/Someone changed this object while you edited it/);
    expect(within(conflict).getByLabelText('Yours of conflict 1').textContent).toBe('  alpha: from the page');
    expect(within(conflict).getByLabelText('Theirs of conflict 1').textContent).toBe('  alpha: from kubectl');
    expect(within(conflict).getByLabelText('Base of conflict 1').textContent).toBe('  alpha: one');
    const merged = screen.getByRole('textbox', { name: 'Merged result' }) as HTMLTextAreaElement;
    // The change that does not overlap is merged already.
    expect(merged.value).toContain('echo: kubectl too');

    fireEvent.click(within(conflict).getByRole('button', { name: 'Keep yours' }));
    expect(merged.value).toContain('alpha: from the page');
    expect(merged.value).not.toContain('<<<<<<<');
    fireEvent.click(screen.getByRole('button', { name: 'Save merged' }));

    await waitFor(() => expect(yaml()).toContain('alpha: from the page'), { timeout: 10_000 });
    expect(yaml()).toContain('echo: kubectl too');
    const stored = JSON.parse(await kubectl('get', 'configmap', name, '-o', 'json')) as { data: Record<string, string> };
    expect(stored.data).toEqual({ alpha: 'from the page', bravo: 'two', charlie: 'three', echo: 'kubectl too' });
  });

  it('shows a YAML syntax error before sending anything', async () => {
    const name = `syntax-${Date.now()}`;
    await kubectl('create', 'configmap', name, '--from-literal=alpha=one');
    render(<View resource="configmaps" name={name} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }, { timeout: 10_000 }));
    const editor = screen.getByRole('textbox', { name: 'Edit YAML' });
    fireEvent.change(editor, { target: { value: 'data:\n  alpha: [one\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^YAML syntax error/);
    const stored = JSON.parse(await kubectl('get', 'configmap', name, '-o', 'json')) as { data: Record<string, string> };
    expect(stored.data).toEqual({ alpha: 'one' });
  });

  it('masks a secret by default and reveals its values on request', async () => {
    const name = `secret-${Date.now()}`;
    await kubectl('create', 'secret', 'generic', name, '--from-literal=password=hunter2');
    render(<View resource="secrets" name={name} />);
    await waitFor(() => expect(yaml()).toContain(`password: ${MASK}`), { timeout: 10_000 });
    expect(yaml()).not.toContain(btoa('hunter2'));
    fireEvent.click(screen.getByRole('button', { name: 'Reveal values' }));
    expect(yaml()).toContain(`password: ${btoa('hunter2')}`);
  });
});
