import { describe, expect, it } from 'vitest';
import { handlerDefinition } from '../../src/facts/handlers.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const files = {
  'mix.exs': 'defmodule Tally.MixProject do\n  use Mix.Project\n  defp deps, do: [{:phoenix, "~> 1.7"}]\nend\n',
  'lib/tally_web/router.ex':
    'defmodule TallyWeb.Router do\n  use Phoenix.Router\n  live "/status", BoardLive.Index, :index\n  get "/polls", PollController, :index\nend\n',
  'lib/tally_web/live/board_live/index.ex':
    'defmodule TallyWeb.BoardLive.Index do\n  use Phoenix.LiveView\n  def mount(_p, _s, socket), do: {:ok, socket}\nend\n',
  'lib/tally_web/live/poll_live/index.ex':
    'defmodule TallyWeb.PollLive.Index do\n  use Phoenix.LiveView\n  def index(socket), do: socket\nend\n',
  'lib/tally_web/controllers/poll_controller.ex':
    'defmodule TallyWeb.PollController do\n  use Phoenix.Controller\n  def index(conn, _), do: json(conn, [])\nend\n',
  'priv/repo/migrations/1_votes.exs':
    'defmodule Tally.Repo.Migrations.Votes do\n  use Ecto.Migration\n  def change do\n    create_if_not_exists index(:votes, [:poll])\n  end\nend\n',
};

describe('facts: handlers — Phoenix modules named by a route', () => {
  const facts = new Facts(RepoIndex.fromMemory(files));
  const from = 'lib/tally_web/router.ex';

  it("a LiveView's live action is answered by its module, never by a function of that name elsewhere", () => {
    expect(handlerDefinition(facts, 'BoardLive.Index.index', from)).toEqual({
      file: 'lib/tally_web/live/board_live/index.ex',
      line: 1,
    });
  });

  it('the module is matched as the route names it (BoardLive.Index, not another LiveView named Index)', () => {
    expect(handlerDefinition(facts, 'PollLive.Index.index', from)).toEqual({
      file: 'lib/tally_web/live/poll_live/index.ex',
      line: 3,
    });
    expect(handlerDefinition(facts, 'PollController.index', from)).toEqual({
      file: 'lib/tally_web/controllers/poll_controller.ex',
      line: 3,
    });
  });
});
