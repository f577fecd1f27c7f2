/* schedula-dict.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "schedula-dict.h"
#include "schedula-value.h"
#include "schedula-private.h"

typedef struct
{
  char   *key;
  GValue  value;
} DictItem;

struct _SchedulaDict
{
  gatomicrefcount  ref_count;
  GArray          *items;
  GHashTable      *index; /* key -> position + 1 */
};

G_DEFINE_BOXED_TYPE (SchedulaDict, schedula_dict, schedula_dict_ref, schedula_dict_unref)

static void
dict_item_clear (gpointer data)
{
  DictItem *item = data;

  g_free (item->key);
  if (G_IS_VALUE (&item->value))
    g_value_unset (&item->value);
}

/**
 * schedula_dict_new:
 *
 * Creates an empty dict.
 *
 * Returns: (transfer full): a new #SchedulaDict
 */
SchedulaDict *
schedula_dict_new (void)
{
  SchedulaDict *self = g_new0 (SchedulaDict, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->items = g_array_new (FALSE, TRUE, sizeof (DictItem));
  g_array_set_clear_func (self->items, dict_item_clear);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

/**
 * schedula_dict_ref:
 * @self: a #SchedulaDict
 *
 * Acquires a reference.
 *
 * Returns: (transfer full): @self
 */
SchedulaDict *
schedula_dict_ref (SchedulaDict *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * schedula_dict_unref:
 * @self: (transfer full): a #SchedulaDict
 *
 * Releases a reference.
 */
/* Dicts nested in a dict being freed are freed after it, not inside it: a
 * thread keeps the list of those still to free, so that a dict may be
 * nested as deep as its maker likes. */
typedef struct
{
  gboolean       freeing;
  SchedulaDict **pending;
  guint          n_pending;
  guint          cap;
} FreeState;

static void
free_state_free (gpointer data)
{
  FreeState *state = data;

  g_free (state->pending);
  g_free (state);
}

static GPrivate free_key = G_PRIVATE_INIT (free_state_free);

static void
dict_free (SchedulaDict *self)
{
  g_hash_table_unref (self->index);
  g_array_unref (self->items);
  g_free (self);
}

void
schedula_dict_unref (SchedulaDict *self)
{
  FreeState *state;

  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  state = g_private_get (&free_key);
  if (state == NULL)
    {
      state = g_new0 (FreeState, 1);
      g_private_set (&free_key, state);
    }
  if (state->freeing)
    {
      if (state->n_pending == state->cap)
        {
          state->cap = MAX (16, state->cap * 2);
          state->pending = g_renew (SchedulaDict *, state->pending, state->cap);
        }
      state->pending[state->n_pending++] = self;
      return;
    }
  state->freeing = TRUE;
  dict_free (self);
  while (state->n_pending > 0)
    dict_free (state->pending[--state->n_pending]);
  state->freeing = FALSE;
}

/**
 * schedula_dict_insert:
 * @self: a #SchedulaDict
 * @key: the key
 * @value: (nullable): the value, copied; %NULL stores NONE
 *
 * Sets @key to @value. A new key goes last; an existing key keeps its place.
 */
/* The slot of @key, unset: a new key goes last, an existing key keeps its
 * place */
static GValue *
dict_slot (SchedulaDict *self,
           const char   *key)
{
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, key));
  DictItem *item;

  if (pos == 0)
    {
      DictItem fresh = { g_strdup (key), G_VALUE_INIT };

      g_array_append_val (self->items, fresh);
      pos = self->items->len;
      item = &g_array_index (self->items, DictItem, pos - 1);
      g_hash_table_insert (self->index, item->key, GUINT_TO_POINTER (pos));
    }
  else
    {
      item = &g_array_index (self->items, DictItem, pos - 1);
      g_value_unset (&item->value);
    }
  return &item->value;
}

void
schedula_dict_insert (SchedulaDict *self,
                      const char   *key,
                      const GValue *value)
{
  GValue *slot;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);
  g_return_if_fail (value == NULL || G_IS_VALUE (value));

  slot = dict_slot (self, key);
  if (value != NULL)
    _schedula_value_copy_widened (value, slot);
  else
    schedula_value_init_none (slot);
}

/**
 * schedula_dict_take:
 * @self: a #SchedulaDict
 * @key: the key
 * @value: (transfer full): the value, whose contents are taken; @value is
 *   left unset
 *
 * Sets @key to @value as [method@Dict.insert] does, without copying it.
 *
 * Returns: (transfer none): the value stored under @key
 */
const GValue *
schedula_dict_take (SchedulaDict *self,
                    const char   *key,
                    GValue       *value)
{
  GValue *slot;
  GValue zero = G_VALUE_INIT;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (value != NULL && G_IS_VALUE (value), NULL);

  slot = dict_slot (self, key);
  if (_SCHEDULA_NEEDS_WIDENING (G_VALUE_TYPE (value)))
    {
      _schedula_value_widen (value, slot);
      g_value_unset (value);
      return slot;
    }
  *slot = *value;
  *value = zero;
  return slot;
}

/**
 * schedula_dict_lookup:
 * @self: a #SchedulaDict
 * @key: the key
 *
 * Looks up a value.
 *
 * Returns: (transfer none) (nullable): the value of @key, or %NULL
 */
const GValue *
schedula_dict_lookup (SchedulaDict *self,
                      const char   *key)
{
  guint pos;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  pos = GPOINTER_TO_UINT (g_hash_table_lookup (self->index, key));
  return pos ? &g_array_index (self->items, DictItem, pos - 1).value : NULL;
}

/**
 * schedula_dict_contains:
 * @self: a #SchedulaDict
 * @key: the key
 *
 * Whether @key is in the dict.
 *
 * Returns: %TRUE if @key has a value
 */
gboolean
schedula_dict_contains (SchedulaDict *self,
                        const char   *key)
{
  return schedula_dict_lookup (self, key) != NULL;
}

/**
 * schedula_dict_get_size:
 * @self: a #SchedulaDict
 *
 * Gets the number of keys.
 *
 * Returns: the number of keys
 */
guint
schedula_dict_get_size (SchedulaDict *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

/**
 * schedula_dict_get_key:
 * @self: a #SchedulaDict
 * @position: a position, below [method@Dict.get_size]
 *
 * Gets the key at @position, in insertion order.
 *
 * Returns: the key
 */
const char *
schedula_dict_get_key (SchedulaDict *self,
                       guint         position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_array_index (self->items, DictItem, position).key;
}

/**
 * schedula_dict_get_value:
 * @self: a #SchedulaDict
 * @position: a position, below [method@Dict.get_size]
 *
 * Gets the value at @position, in insertion order.
 *
 * Returns: (transfer none): the value
 */
const GValue *
schedula_dict_get_value (SchedulaDict *self,
                         guint         position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return &g_array_index (self->items, DictItem, position).value;
}
