/* vapi-check.vala: built before the doc-samples test (docs/meson.build)
 *
 * A test can depend on targets only, and the vapi is a dependency object:
 * this program, compiled against the vapi, is what makes `meson test`
 * build the vapi before run-samples.py compiles the Vala samples with it.
 *
 * SPDX-License-Identifier: EUPL-1.2
 */
int main () {
    return new Schedula.Dispatcher ("vapi-check") != null ? 0 : 1;
}
