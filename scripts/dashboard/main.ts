/// <reference lib="dom" />
/**
 * The dashboard's entry: synthetic shadow first (the components and SLDS styles are written for
 * it, as in an org), then the shell component mounted into the page.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from './app/conduit/app/app';

const root = document.getElementById('root');
if (!root) {
  throw new Error('index.html needs <div id="root">: the dashboard mounts there.');
}
root.append(createElement('conduit-app', { is: App }));
