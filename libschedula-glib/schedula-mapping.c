/* schedula-mapping.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-mapping.h"
#include "schedula-private.h"

typedef struct
{
  char      *key;
  GPtrArray *values; /* char*, NULL-terminated */
} MappingEntry;

struct _SchedulaMapping
{
  gatomicrefcount  ref_count;
  gboolean         frozen;
  GArray          *entries;
  GHashTable      *index; /* key -> position + 1, built for big mappings */
};

G_DEFINE_BOXED_TYPE (SchedulaMapping, schedula_mapping, schedula_mapping_ref, schedula_mapping_unref)

static void
mapping_entry_clear (gpointer data)
{
  MappingEntry *e = data;

  g_free (e->key);
  g_ptr_array_unref (e->values);
}

/**
 * schedula_mapping_new:
 *
 * Creates an empty mapping.
 *
 * Returns: (transfer full): a new #SchedulaMapping
 */
SchedulaMapping *
schedula_mapping_new (void)
{
  SchedulaMapping *self = g_new0 (SchedulaMapping, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->entries = g_array_new (FALSE, TRUE, sizeof (MappingEntry));
  g_array_set_clear_func (self->entries, mapping_entry_clear);
  return self;
}

/**
 * schedula_mapping_new_identity:
 * @ids: (array zero-terminated=1): ids
 *
 * Creates a mapping of each of @ids to itself, as schedula does when the
 * mapping of a sub-dispatcher node is given as a list.
 *
 * Returns: (transfer full): a new #SchedulaMapping
 */
SchedulaMapping *
schedula_mapping_new_identity (const char *const *ids)
{
  SchedulaMapping *self = schedula_mapping_new ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    schedula_mapping_add (self, ids[i], ids[i]);
  return self;
}

/**
 * schedula_mapping_ref:
 * @self: a #SchedulaMapping
 *
 * Acquires a reference.
 *
 * Returns: (transfer full): @self
 */
SchedulaMapping *
schedula_mapping_ref (SchedulaMapping *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * schedula_mapping_unref:
 * @self: (transfer full): a #SchedulaMapping
 *
 * Releases a reference.
 */
void
schedula_mapping_unref (SchedulaMapping *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->index, g_hash_table_unref);
      g_array_unref (self->entries);
      g_free (self);
    }
}

static gint
mapping_find (SchedulaMapping *self,
              const char      *key)
{
  if (self->index != NULL)
    return (gint) GPOINTER_TO_UINT (g_hash_table_lookup (self->index, key)) - 1;

  for (guint i = 0; i < self->entries->len; i++)
    if (g_str_equal (g_array_index (self->entries, MappingEntry, i).key, key))
      return (gint) i;
  return -1;
}

/**
 * schedula_mapping_add:
 * @self: a #SchedulaMapping
 * @key: the id mapped from
 * @value: an id @key maps to
 *
 * Maps @key to @value. Adding a key again maps it to one more id (a
 * one-to-many mapping); adding the same pair twice does nothing.
 */
void
schedula_mapping_add (SchedulaMapping *self,
                      const char      *key,
                      const char      *value)
{
  gint pos;
  MappingEntry *e;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (value != NULL);
  g_return_if_fail (!self->frozen);

  pos = mapping_find (self, key);
  if (pos < 0)
    {
      MappingEntry fresh = { g_strdup (key), g_ptr_array_new_with_free_func (g_free) };

      g_ptr_array_add (fresh.values, NULL);
      g_array_append_val (self->entries, fresh);
      pos = self->entries->len - 1;
      if (self->index != NULL)
        g_hash_table_insert (self->index, fresh.key, GUINT_TO_POINTER (pos + 1));
      else if (self->entries->len > 16)
        {
          self->index = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint i = 0; i < self->entries->len; i++)
            g_hash_table_insert (self->index,
                                 g_array_index (self->entries, MappingEntry, i).key,
                                 GUINT_TO_POINTER (i + 1));
        }
    }
  e = &g_array_index (self->entries, MappingEntry, pos);
  for (guint i = 0; i + 1 < e->values->len; i++)
    if (g_str_equal (g_ptr_array_index (e->values, i), value))
      return;
  g_ptr_array_insert (e->values, e->values->len - 1, g_strdup (value));
}

/**
 * schedula_mapping_get_n_keys:
 * @self: a #SchedulaMapping
 *
 * Gets the number of keys.
 *
 * Returns: the number of keys
 */
guint
schedula_mapping_get_n_keys (SchedulaMapping *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

/**
 * schedula_mapping_get_key:
 * @self: a #SchedulaMapping
 * @position: a position below [method@Mapping.get_n_keys]
 *
 * Gets the key at @position, in insertion order.
 *
 * Returns: the key
 */
const char *
schedula_mapping_get_key (SchedulaMapping *self,
                          guint            position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return g_array_index (self->entries, MappingEntry, position).key;
}

/**
 * schedula_mapping_get_values:
 * @self: a #SchedulaMapping
 * @position: a position below [method@Mapping.get_n_keys]
 *
 * Gets the ids the key at @position maps to.
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids
 */
const char *const *
schedula_mapping_get_values (SchedulaMapping *self,
                             guint            position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->entries->len, NULL);

  return (const char *const *) g_array_index (self->entries, MappingEntry, position).values->pdata;
}

/**
 * schedula_mapping_lookup:
 * @self: a #SchedulaMapping
 * @key: a key
 *
 * Gets the ids @key maps to.
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the ids, or
 *   %NULL if @key is not mapped
 */
const char *const *
schedula_mapping_lookup (SchedulaMapping *self,
                         const char      *key)
{
  gint pos;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  pos = mapping_find (self, key);
  return pos < 0 ? NULL : schedula_mapping_get_values (self, pos);
}

void
_schedula_mapping_freeze (SchedulaMapping *self)
{
  self->frozen = TRUE;
}

guint
_schedula_mapping_count_values (SchedulaMapping *self,
                                guint            position)
{
  return g_array_index (self->entries, MappingEntry, position).values->len - 1;
}
