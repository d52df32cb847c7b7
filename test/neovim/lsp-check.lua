-- Run by neovim.test.ts inside headless Neovim (0.7+): starts the DISARM language server with
-- Neovim's built-in LSP client, asks for a hover, a completion and the diagnostics of the open
-- buffer through Neovim's own LSP API, and writes what it saw as JSON to $DISARM_NVIM_OUT.
local server = os.getenv('DISARM_SERVER')
local data = os.getenv('DISARM_FRAMEWORKS_DIR')
local out = os.getenv('DISARM_NVIM_OUT')
local result = { errors = {} }

local function finish()
  local file = io.open(out, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'disarm',
    cmd = { 'node', server, '--stdio' },
    root_dir = data,
    init_options = { dataPath = data },
  })
  assert(client_id, 'the client did not start')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(15000, function() return client.initialized end, 50), 'the server did not initialize')

  -- Diagnostics arrive once the buffer is parsed, and again once the data is loaded (in a worker,
  -- so possibly after the first): not-in-table needs the data.
  vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'not-in-table' then return true end
    end
    return false
  end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { line = d.lnum, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), source = d.source, message = d.message })
  end

  local function position_of(needle, delta)
    for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
      local col = line:find(needle, 1, true)
      if col then return { line = lnum - 1, character = col - 1 + delta } end
    end
    error('not found: ' .. needle)
  end
  local uri = vim.uri_from_bufnr(bufnr)
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = position_of('[T0146.003', 3) }, 10000)
  result.hover = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents.value

  -- Type a technique prefix on a new last line and ask for completion there.
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { 'Also seen: T0152.' })
  local completion = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', { textDocument = { uri = uri }, position = { line = last, character = 17 } }, 10000)
  local list = completion and completion[client_id] and completion[client_id].result
  result.completion = {}
  for _, item in ipairs((list and (list.items or list)) or {}) do
    table.insert(result.completion, { label = item.label, newText = item.textEdit and item.textEdit.newText })
  end
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
