# schedula_glib: the Python side of libschedula-glib's PyGObject overrides.
#
# gi/overrides/Schedula.py imports the modules of this package and gathers
# their public names (each module's __all__) into gi.repository.Schedula;
# the override classes (Dispatcher, Solution, Function, the wrappers) are
# registered with PyGObject as each module defines them, which only works
# while the overrides load. Use the API through gi.repository.Schedula: the
# modules here are its implementation.
#
# SPDX-License-Identifier: EUPL-1.2
