/* marrow-application.c: the application object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the database (--database PATH, or the default path), creates the
 * main window and owns the application actions.  Two hidden options serve
 * the test harness (test-harness.md): --screenshot=FILE.png renders the
 * window to a PNG after its first frame, --quit-after-first-frame prints the
 * time to the first frame.  Both then quit.
 */
#define G_LOG_DOMAIN "marrow-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "marrow-acting-staff.h"
#include "marrow-application.h"
#include "marrow-preferences-window.h"
#include "marrow-staff-chooser.h"
#include "marrow-store.h"
#include "marrow-window.h"

#define WEBSITE   "https://github.com/marrow/marrow"
#define ISSUE_URL "https://github.com/marrow/marrow/issues"

struct _MarrowApplication
{
  AdwApplication  parent_instance;

  MarrowStore    *store;
  char           *database_path;     /* --database, absolute; NULL for the default */
  char           *screenshot_path;   /* --screenshot (hidden) */
  gboolean        quit_after_first_frame;
  gint64          start_time;        /* monotonic µs at main() */
  int             exit_status;
};

G_DEFINE_FINAL_TYPE (MarrowApplication, marrow_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "database", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database at PATH instead of the default one"), N_("PATH") },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  /* Test harness options, hidden from --help. */
  { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
    "Render the window to a PNG after the first frame, then quit", "FILE" },
  { "quit-after-first-frame", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
    "Print the time to the first frame in milliseconds, then quit", NULL },
  { NULL }
};

static gboolean
save_widget_screenshot (GtkWidget   *widget,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  graphene_rect_t widget_bounds;
  graphene_rect_t content_bounds;
  graphene_rect_t viewport;
  GtkWidget *content = NULL;
  int width;
  int height;

  g_assert (GTK_IS_WIDGET (widget));
  g_assert (path != NULL);

  /* The widget paintable draws the widget's bounds (its border box, which
   * for a window includes the CSS padding) at the size it is given, so
   * give it exactly that size: anything else scales the picture. */
  if (!gtk_widget_compute_bounds (widget, widget, &widget_bounds)
      || widget_bounds.size.width < 1 || widget_bounds.size.height < 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window has no size");
      return FALSE;
    }
  width = ceilf (widget_bounds.size.width);
  height = ceilf (widget_bounds.size.height);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window drew nothing");
      return FALSE;
    }

  /* Crop to the window's content: without a compositing window manager the
   * window draws a resize border around it (solid-csd). */
  viewport = GRAPHENE_RECT_INIT (0, 0, width, height);
  if (ADW_IS_APPLICATION_WINDOW (widget))
    content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (widget));
  if (content != NULL
      && gtk_widget_compute_bounds (content, widget, &content_bounds)
      && content_bounds.size.width >= 1 && content_bounds.size.height >= 1)
    {
      content_bounds.origin.x -= widget_bounds.origin.x;
      content_bounds.origin.y -= widget_bounds.origin.y;
      graphene_rect_intersection (&viewport, &content_bounds, &viewport);
    }

  /* A renderer of our own, so the picture does not depend on the window's
   * (GL or cairo) renderer or on what the display server shows. */
  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, error))
    return FALSE;
  texture = gsk_renderer_render_texture (renderer, node, &viewport);
  gsk_renderer_unrealize (renderer);

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

static void
quit_idle_cb (gpointer user_data)
{
  g_autoptr(MarrowApplication) self = user_data;

  g_application_quit (G_APPLICATION (self));
}

static void
frame_clock_after_paint_cb (GdkFrameClock     *frame_clock,
                            MarrowApplication *self)
{
  GtkWindow *window;

  g_assert (MARROW_IS_APPLICATION (self));

  g_signal_handlers_disconnect_by_func (frame_clock, frame_clock_after_paint_cb, self);

  if (self->quit_after_first_frame)
    {
      g_print ("first-frame-ms: %" G_GINT64_FORMAT "\n",
               (g_get_monotonic_time () - self->start_time) / 1000);
    }

  /* Right here, not in an idle: the window's render node of this frame is
   * only cached until the next queue_draw. */
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (self->screenshot_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (window == NULL || !save_widget_screenshot (GTK_WIDGET (window),
                                                     self->screenshot_path, &error))
        {
          g_printerr ("screenshot: %s\n", error != NULL ? error->message : "no window");
          self->exit_status = 1;
        }
    }

  g_idle_add_once (quit_idle_cb, g_object_ref (self));
}

static void
window_map_cb (GtkWidget         *window,
               MarrowApplication *self)
{
  GdkFrameClock *frame_clock;

  g_assert (MARROW_IS_APPLICATION (self));

  g_signal_handlers_disconnect_by_func (window, window_map_cb, self);
  frame_clock = gtk_widget_get_frame_clock (window);
  g_signal_connect_object (frame_clock, "after-paint",
                           G_CALLBACK (frame_clock_after_paint_cb), self, 0);
}

static char *
marrow_application_dup_database_path (MarrowApplication *self)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  if (self->database_path != NULL)
    return g_strdup (self->database_path);

  path = marrow_store_default_path ();
  if (path == NULL)
    return NULL;

  /* The store creates the file (mode 0600); the folder may not exist yet on
   * the very first run. */
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Could not create %s: %s", dir, g_strerror (errno));

  return g_steal_pointer (&path);
}

/* Asks who is working, once the window shows its database (an idle, so
 * that the window is presented first) */
static void
ask_staff_idle_cb (gpointer user_data)
{
  g_autoptr(MarrowWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  MarrowStore *store = marrow_window_get_store (window);
  MarrowStaffChooser *chooser;

  if (store == NULL || !gtk_widget_get_visible (GTK_WIDGET (window)))
    return;
  chooser = marrow_staff_chooser_new (GTK_WINDOW (window), store, &error);
  if (chooser == NULL)
    {
      g_warning ("Could not list the staff of %s: %s", marrow_store_get_location (store),
                 error->message);
      return;
    }
  gtk_window_present (GTK_WINDOW (chooser));
}

/* A window opened a database (at start, the demo practice, again after an
 * import): the staff member this user chose for it acts again */
static void
window_store_cb (MarrowWindow      *window,
                 GParamSpec        *pspec,
                 MarrowApplication *self)
{
  g_autoptr(GError) error = NULL;
  MarrowStore *store = marrow_window_get_store (window);
  gboolean needs_choice = FALSE;

  if (store == NULL)
    return;
  if (!marrow_acting_staff_restore (store, &needs_choice, &error))
    {
      g_warning ("Could not restore the staff member working in %s: %s",
                 marrow_store_get_location (store), error->message);
      return;
    }
  /* The harness's screenshots and timings show the window alone */
  if (needs_choice && self->screenshot_path == NULL && !self->quit_after_first_frame)
    g_idle_add_once (ask_staff_idle_cb, g_object_ref (window));
}

static void
marrow_application_window_added (GtkApplication *app,
                                 GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (marrow_application_parent_class)->window_added (app, window);

  if (MARROW_IS_WINDOW (window))
    g_signal_connect_object (window, "notify::store", G_CALLBACK (window_store_cb), app, 0);
}

static void
marrow_application_activate (GApplication *app)
{
  MarrowApplication *self = MARROW_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      g_autofree char *location = marrow_application_dup_database_path (self);
      MarrowWindow *main_window = marrow_window_new (GTK_APPLICATION (self));

      if (self->store == NULL)
        {
          g_autoptr(GError) error = NULL;

          if (location == NULL)
            g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("There is no default location for the database"));
          else
            self->store = marrow_store_open (location, TRUE, &error);

          if (self->store == NULL)
            {
              g_message ("Could not open the database %s: %s",
                         location != NULL ? location : "(none)",
                         error != NULL ? error->message : "unknown error");
              marrow_window_show_open_error (main_window, location, error);
            }
        }

      if (self->store != NULL)
        marrow_window_set_store (main_window, self->store);

      if (self->screenshot_path != NULL || self->quit_after_first_frame)
        g_signal_connect_object (main_window, "map", G_CALLBACK (window_map_cb), self, 0);

      window = GTK_WINDOW (main_window);
    }

  gtk_window_present (window);
}

static int
marrow_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  MarrowApplication *self = MARROW_APPLICATION (app);
  g_autofree char *database = NULL;
  g_autofree char *screenshot = NULL;
  gboolean non_unique = FALSE;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^ay", &database))
    {
      g_free (self->database_path);
      self->database_path = g_canonicalize_filename (database, NULL);
      non_unique = TRUE;
    }

  if (g_variant_dict_lookup (options, "screenshot", "^ay", &screenshot))
    {
      g_free (self->screenshot_path);
      self->screenshot_path = g_canonicalize_filename (screenshot, NULL);
      non_unique = TRUE;
    }

  if (g_variant_dict_contains (options, "quit-after-first-frame"))
    {
      self->quit_after_first_frame = TRUE;
      non_unique = TRUE;
    }

  /* A second instance for another database, or for the harness, must not
   * hand its options over to a running one (which ignores them). */
  if (non_unique)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
marrow_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  marrow_application_show_about (MARROW_APPLICATION (user_data));
}

static void
marrow_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  MarrowApplication *self = MARROW_APPLICATION (user_data);
  GList *windows;

  /* Close the windows first, so they save their state. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
marrow_application_preferences_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  marrow_application_show_preferences (MARROW_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", marrow_application_about_action },
  { "preferences", marrow_application_preferences_action },
  { "quit", marrow_application_quit_action },
};

static void
marrow_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (marrow_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
}

static void
marrow_application_finalize (GObject *object)
{
  MarrowApplication *self = MARROW_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (marrow_application_parent_class)->finalize (object);
}

static void
marrow_application_class_init (MarrowApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = marrow_application_finalize;

  app_class->activate = marrow_application_activate;
  app_class->startup = marrow_application_startup;
  app_class->handle_local_options = marrow_application_handle_local_options;
  gtk_app_class->window_added = marrow_application_window_added;
}

static void
marrow_application_init (MarrowApplication *self)
{
  self->start_time = g_get_monotonic_time ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/**
 * marrow_application_new:
 *
 * Returns: (transfer full): the application
 */
MarrowApplication *
marrow_application_new (void)
{
  return g_object_new (MARROW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/marrow/Marrow",
                       NULL);
}

/**
 * marrow_application_set_start_time:
 * @monotonic_us: g_get_monotonic_time() at the start of main()
 *
 * Sets the origin of the time printed by --quit-after-first-frame.
 */
void
marrow_application_set_start_time (MarrowApplication *self,
                                   gint64             monotonic_us)
{
  g_return_if_fail (MARROW_IS_APPLICATION (self));

  self->start_time = monotonic_us;
}

/**
 * marrow_application_get_exit_status:
 *
 * Returns: non-zero when a harness option (--screenshot) failed
 */
int
marrow_application_get_exit_status (MarrowApplication *self)
{
  g_return_val_if_fail (MARROW_IS_APPLICATION (self), 1);

  return self->exit_status;
}

/**
 * marrow_application_show_about:
 *
 * Shows the About window over the active window.
 *
 * Returns: (transfer none): the About window
 */
GtkWindow *
marrow_application_show_about (MarrowApplication *self)
{
  static const char *developers[] = { "The Marrow developers", NULL };
  GtkWindow *parent;
  GtkWindow *about;

  g_return_val_if_fail (MARROW_IS_APPLICATION (self), NULL);

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", parent != NULL,
                        "application-name", PACKAGE_NAME,
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Marrow developers"),
                        "developers", developers,
                        "comments", _("Case management for orthopedic practices that treat joints "
                                      "with stem-cell injections."),
                        "copyright", _("© 2026 The Marrow developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", WEBSITE,
                        "issue-url", ISSUE_URL,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);

  return about;
}

/**
 * marrow_application_show_preferences:
 *
 * Shows Preferences over the active window, for its database.
 *
 * Returns: (transfer none): the Preferences window
 */
GtkWindow *
marrow_application_show_preferences (MarrowApplication *self)
{
  GtkWindow *parent;
  MarrowStore *store = NULL;
  MarrowPreferencesWindow *preferences;

  g_return_val_if_fail (MARROW_IS_APPLICATION (self), NULL);

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (MARROW_IS_WINDOW (parent))
    store = marrow_window_get_store (MARROW_WINDOW (parent));
  preferences = marrow_preferences_window_new (parent, store);
  gtk_window_present (GTK_WINDOW (preferences));

  return GTK_WINDOW (preferences);
}
