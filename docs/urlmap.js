// Base URLs of the namespaces the Schedula API reference links to.
// SPDX-License-Identifier: EUPL-1.2
baseURLs = [
  [ 'GLib', 'https://docs.gtk.org/glib/' ],
  [ 'GObject', 'https://docs.gtk.org/gobject/' ],
  [ 'Gio', 'https://docs.gtk.org/gio/' ],
]
